import { FormGroup, FormHelperText, HelperText, HelperTextItem } from "@patternfly/react-core";
import { PropsWithChildren } from "react";

type Props = PropsWithChildren<{ label: string; fieldId: string; help?: string; isRequired?: boolean }>;

/** A form group with its help text under the control, as Keycloak's own forms explain fields. */
export const Field = ({ label, fieldId, help, isRequired, children }: Props) => (
  <FormGroup label={label} fieldId={fieldId} isRequired={isRequired}>
    {children}
    {help && (
      <FormHelperText>
        <HelperText>
          <HelperTextItem>{help}</HelperTextItem>
        </HelperText>
      </FormHelperText>
    )}
  </FormGroup>
);
