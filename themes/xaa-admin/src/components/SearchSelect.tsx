import {
  MenuToggle,
  Select,
  SelectList,
  SelectOption,
  TextInputGroup,
  TextInputGroupMain,
} from "@patternfly/react-core";
import { useEffect, useState } from "react";

type Props = {
  id: string;
  value: string;
  placeholder: string;
  /** The first matches of what the admin typed (server-side search: realms have thousands of clients). */
  search: (text: string) => Promise<string[]>;
  onSelect: (value: string) => void;
  isDisabled?: boolean;
  /** For adding to a list: the input empties after each choice. */
  clearOnSelect?: boolean;
};

/** A typeahead picker over a server-side search, for clients and users. */
export const SearchSelect = ({ id, value, placeholder, search, onSelect, isDisabled, clearOnSelect }: Props) => {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState(value);
  const [options, setOptions] = useState<string[]>([]);

  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (!open) return;
    let current = true;
    const timer = setTimeout(() => search(text).then((found) => current && setOptions(found)), 250);
    return () => {
      current = false;
      clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text, open]);

  const choose = (chosen: string) => {
    setText(clearOnSelect ? "" : chosen);
    setOpen(false);
    onSelect(chosen);
  };

  return (
    <Select
      id={id}
      isOpen={open}
      selected={value}
      onSelect={(_, chosen) => choose(String(chosen))}
      onOpenChange={setOpen}
      toggle={(ref) => (
        <MenuToggle ref={ref} variant="typeahead" isFullWidth isDisabled={isDisabled} onClick={() => setOpen(!open)} isExpanded={open}>
          <TextInputGroup isPlain>
            <TextInputGroupMain
              inputId={`${id}-input`}
              value={text}
              placeholder={placeholder}
              autoComplete="off"
              onClick={() => setOpen(true)}
              onChange={(_, typed) => {
                setText(typed);
                setOpen(true);
                if (!typed) onSelect("");
              }}
            />
          </TextInputGroup>
        </MenuToggle>
      )}
    >
      <SelectList id={`${id}-options`}>
        {options.map((option) => (
          <SelectOption key={option} value={option} data-testid={`${id}-option-${option}`}>
            {option}
          </SelectOption>
        ))}
      </SelectList>
    </Select>
  );
};
