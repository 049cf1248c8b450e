import { ActionGroup, Button } from "@patternfly/react-core";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";

type Props = { isNew: boolean; readOnly: boolean; onSave: () => void; cancelTo: string };

/** Save (create for a new entity; hidden from a read-only admin) and cancel, back to the list, under an edit form. */
export const FormActions = ({ isNew, readOnly, onSave, cancelTo }: Props) => {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <ActionGroup>
      {!readOnly && (
        <Button data-testid="xaa-save" onClick={onSave}>
          {isNew ? t("xaaCreate") : t("xaaSave")}
        </Button>
      )}
      <Button variant="link" onClick={() => navigate(cancelTo)}>
        {t("xaaCancel")}
      </Button>
    </ActionGroup>
  );
};
