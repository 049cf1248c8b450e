import { DescriptionList, DescriptionListDescription, DescriptionListGroup, DescriptionListTerm } from "@patternfly/react-core";
import { ReactNode } from "react";

/** Read-only facts as term and value pairs, one line each. */
export const DetailList = ({ rows }: { rows: [string, ReactNode][] }) => (
  <DescriptionList isHorizontal isCompact>
    {rows.map(([term, value]) => (
      <DescriptionListGroup key={term}>
        <DescriptionListTerm>{term}</DescriptionListTerm>
        <DescriptionListDescription>{value}</DescriptionListDescription>
      </DescriptionListGroup>
    ))}
  </DescriptionList>
);
