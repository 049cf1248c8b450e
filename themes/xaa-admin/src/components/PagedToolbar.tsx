import { Pagination, SearchInput, Toolbar, ToolbarContent, ToolbarItem } from "@patternfly/react-core";
import { ReactNode, useState } from "react";

export type Page = { first: number; max: number };

type Props = {
  id: string;
  page: Page;
  count: number;
  onPage: (page: Page) => void;
  searchPlaceholder?: string;
  onSearch?: (search: string) => void;
  children?: ReactNode;
};

/** Search, filters, actions and server-side pagination above a table. */
export const PagedToolbar = ({ id, page, count, onPage, searchPlaceholder, onSearch, children }: Props) => {
  const [text, setText] = useState("");
  return (
    <Toolbar id={id}>
      <ToolbarContent>
        {onSearch && (
          <ToolbarItem>
            <SearchInput
              data-testid={`${id}-search`}
              placeholder={searchPlaceholder}
              value={text}
              onChange={(_, value) => setText(value)}
              onSearch={() => onSearch(text)}
              onClear={() => {
                setText("");
                onSearch("");
              }}
            />
          </ToolbarItem>
        )}
        {children}
        <ToolbarItem variant="pagination">
          <Pagination
            isCompact
            itemCount={count}
            perPage={page.max}
            page={Math.floor(page.first / page.max) + 1}
            onSetPage={(_, number) => onPage({ ...page, first: (number - 1) * page.max })}
            onPerPageSelect={(_, max) => onPage({ first: 0, max })}
          />
        </ToolbarItem>
      </ToolbarContent>
    </Toolbar>
  );
};
