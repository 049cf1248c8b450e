import { FormGroup, FormHelperText, HelperText, HelperTextItem } from "@patternfly/react-core";
import { PropsWithChildren, ReactNode } from "react";

type Props = PropsWithChildren<{ label: string; fieldId: string; help?: ReactNode; isRequired?: boolean; error?: ReactNode }>;

/**
 * A form group with its help text under the control, as Keycloak's own forms explain fields, and a problem with
 * the field, when there is one, in PatternFly's error state (`xaa-error-{fieldId}`).
 */
export const Field = ({ label, fieldId, help, isRequired, error, children }: Props) => (
  <FormGroup label={label} fieldId={fieldId} isRequired={isRequired}>
    {children}
    {(help || error) && (
      <FormHelperText>
        <HelperText>
          {error && (
            <HelperTextItem variant="error" hasIcon data-testid={`xaa-error-${fieldId}`}>
              {error}
            </HelperTextItem>
          )}
          {help && <HelperTextItem>{help}</HelperTextItem>}
        </HelperText>
      </FormHelperText>
    )}
  </FormGroup>
);

/** PatternFly's validated state of a control whose field shows `error`. */
export const validated = (error: ReactNode) => (error ? "error" : "default");
