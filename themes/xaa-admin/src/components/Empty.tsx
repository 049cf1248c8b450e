import { Button, EmptyState, EmptyStateActions, EmptyStateBody, EmptyStateFooter, EmptyStateHeader, EmptyStateIcon } from "@patternfly/react-core";
import { CubesIcon, SearchIcon } from "@patternfly/react-icons";

/** The way out of an empty list; the caller passes it only to an admin who may take it. */
export type EmptyAction = { label: string; onClick: () => void; testId: string };

type Props = { title: string; body: string; filtered?: boolean; action?: EmptyAction };

export const Empty = ({ title, body, filtered, action }: Props) => (
  <EmptyState variant="lg" data-testid="xaa-empty">
    <EmptyStateHeader titleText={title} icon={<EmptyStateIcon icon={filtered ? SearchIcon : CubesIcon} />} headingLevel="h2" />
    <EmptyStateBody>{body}</EmptyStateBody>
    {action && (
      <EmptyStateFooter>
        <EmptyStateActions>
          <Button data-testid={action.testId} onClick={action.onClick}>
            {action.label}
          </Button>
        </EmptyStateActions>
      </EmptyStateFooter>
    )}
  </EmptyState>
);
