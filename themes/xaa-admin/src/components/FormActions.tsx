import { ActionGroup, Button } from "@patternfly/react-core";
import { useTranslation } from "react-i18next";

type Props = { isNew: boolean; readOnly: boolean; onSave: () => void; onCancel: () => void };

/** Save (create for a new entity; hidden from a read-only admin) and cancel, back where the admin came from. */
export const FormActions = ({ isNew, readOnly, onSave, onCancel }: Props) => {
  const { t } = useTranslation();
  return (
    <ActionGroup>
      {!readOnly && (
        <Button data-testid="xaa-save" onClick={onSave}>
          {isNew ? t("xaaCreate") : t("xaaSave")}
        </Button>
      )}
      <Button variant="link" data-testid="xaa-cancel" onClick={onCancel}>
        {t("xaaCancel")}
      </Button>
    </ActionGroup>
  );
};
