import { Chip, ChipGroup, TextInputGroup, TextInputGroupMain, TextInputGroupUtilities } from "@patternfly/react-core";
import { useState } from "react";

type Props = {
  id: string;
  values: string[];
  onChange: (values: string[]) => void;
  isDisabled?: boolean;
  /** The field shows a problem with a value: the group takes PatternFly's error state. */
  isInvalid?: boolean;
};

/** A list of free-text values (scopes, resource URIs, ACR values): Enter or comma adds, a chip's x removes. */
export const ValuesInput = ({ id, values, onChange, isDisabled, isInvalid }: Props) => {
  const [text, setText] = useState("");
  const add = () => {
    const value = text.trim();
    if (value && !values.includes(value)) onChange([...values, value]);
    setText("");
  };
  return (
    <TextInputGroup isDisabled={isDisabled} className={isInvalid ? "pf-m-error" : undefined}>
      <TextInputGroupMain
        aria-invalid={isInvalid}
        inputId={id}
        value={text}
        onChange={(_, value) => setText(value)}
        onBlur={add}
        onKeyDown={(event) => {
          if (event.key === "Enter" || event.key === ",") {
            event.preventDefault();
            add();
          }
        }}
      >
        <ChipGroup>
          {values.map((value) => (
            <Chip key={value} isReadOnly={isDisabled} onClick={() => onChange(values.filter((v) => v !== value))}>
              {value}
            </Chip>
          ))}
        </ChipGroup>
      </TextInputGroupMain>
      <TextInputGroupUtilities />
    </TextInputGroup>
  );
};
