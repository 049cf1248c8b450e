import { ToolbarItem } from "@patternfly/react-core";
import { PropsWithChildren, ReactNode } from "react";

type Props = PropsWithChildren<{ label: string; fieldId: string; minWidth?: string; error?: ReactNode }>;

/** A toolbar filter with its label visible above it (a placeholder vanishes once typed over) and its error below. */
export const LabelledFilter = ({ label, fieldId, minWidth, error, children }: Props) => (
  <ToolbarItem style={{ minWidth }}>
    <div style={{ display: "flex", flexDirection: "column", gap: "var(--pf-v5-global--spacer--xs)" }}>
      <label className="pf-v5-c-form__label" htmlFor={fieldId}>
        <span className="pf-v5-c-form__label-text">{label}</span>
      </label>
      {children}
      {error}
    </div>
  </ToolbarItem>
);
