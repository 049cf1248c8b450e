import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { formatTime } from "./time";

type Props = { label: string; testId: string; moreColumns?: string[]; children?: ReactNode };

/** Which client used which resource app, when last and how often; `moreColumns` follow these four. */
export const UsageTable = ({ label, testId, moreColumns = [], children }: Props) => {
  const { t } = useTranslation();
  return (
    <Table aria-label={label} variant="compact" data-testid={testId}>
      <Thead>
        <Tr>
          <Th>{t("xaaClient")}</Th>
          <Th>{t("xaaResourceApp")}</Th>
          <Th>{t("xaaLastUsed")}</Th>
          <Th>{t("xaaIssuedCount")}</Th>
          {moreColumns.map((title) => (
            <Th key={title}>{title}</Th>
          ))}
        </Tr>
      </Thead>
      <Tbody>{children}</Tbody>
    </Table>
  );
};

type CellsProps = { clientId?: string; resourceApp: ReactNode; lastUsed?: string; issued: number };

/** The four usage cells of a UsageTable row. */
export const UsageCells = ({ clientId, resourceApp, lastUsed, issued }: CellsProps) => {
  const { t } = useTranslation();
  return (
    <>
      <Td dataLabel={t("xaaClient")}>{clientId}</Td>
      <Td dataLabel={t("xaaResourceApp")}>{resourceApp}</Td>
      <Td dataLabel={t("xaaLastUsed")}>{formatTime(lastUsed)}</Td>
      <Td dataLabel={t("xaaIssuedCount")}>{issued}</Td>
    </>
  );
};
