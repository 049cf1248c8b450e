import { EmptyState, EmptyStateBody, EmptyStateHeader, EmptyStateIcon } from "@patternfly/react-core";
import { CubesIcon, SearchIcon } from "@patternfly/react-icons";

type Props = { title: string; body: string; filtered?: boolean };

export const Empty = ({ title, body, filtered }: Props) => (
  <EmptyState variant="lg" data-testid="xaa-empty">
    <EmptyStateHeader titleText={title} icon={<EmptyStateIcon icon={filtered ? SearchIcon : CubesIcon} />} headingLevel="h2" />
    <EmptyStateBody>{body}</EmptyStateBody>
  </EmptyState>
);
