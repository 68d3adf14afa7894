import type { PanelViewState } from '../../common/protocol';
import { el } from './dom';

/** What a view draws, and what to release before the next drawing (charts). */
export interface Drawn {
  nodes: HTMLElement[];
  dispose?: () => void;
}

/** A view reports a change of what it shows; `redraw` when the whole view must be drawn again. */
export type OnView = (change: PanelViewState, redraw?: boolean) => void;

/** Tabs (vscode-elements): a click or the keyboard picks one; the choice is saved in the view state. */
export function tabs(testid: string, selected: number, entries: [string, HTMLElement][], onView: OnView): HTMLElement {
  const index = Math.max(0, Math.min(selected, entries.length - 1));
  const element = el('vscode-tabs', { 'selected-index': String(index), 'data-testid': testid });
  element.addEventListener('vsc-tabs-select', (event) => onView({ tab: (event as CustomEvent<{ selectedIndex: number }>).detail.selectedIndex }));
  for (const [title, panel] of entries) {
    element.append(el('vscode-tab-header', { slot: 'header', 'data-testid': `tab-${slug(title)}` }, title), el('vscode-tab-panel', {}, panel));
  }
  return element;
}

export interface Choice {
  value: string;
  label: string;
  /** Options under a heading (e.g. "Pairs"). */
  group?: string;
}

/** A labelled native select (follows the theme through the page's styles); long labels stay within the page. */
export function chooser(testid: string, label: string, choices: Choice[], selected: string, onChange: (value: string) => void): HTMLElement {
  const select = el('select', { 'data-testid': testid, id: testid });
  const groups = new Map<string | undefined, HTMLElement>();
  for (const choice of choices) {
    const option = el('option', { value: choice.value }, choice.label);
    option.title = choice.label;
    if (choice.value === selected) option.selected = true;
    if (choice.group === undefined) {
      select.append(option);
      continue;
    }
    let group = groups.get(choice.group);
    if (!group) {
      group = el('optgroup', { label: choice.group });
      groups.set(choice.group, group);
      select.append(group);
    }
    group.append(option);
  }
  select.addEventListener('change', () => onChange(select.value));
  return el('div', { class: 'chooser' }, el('label', { for: testid }, label), select);
}

/**
 * "Groups: all N / M of adequate size (n ≥ 30)": whether a plot's fairness gap is over every group
 * or over those of at least minGroupSize rows (Compare Methods, a mitigation's sweep).
 */
export function groupsChooser(
  sizes: { minGroupSize: number; minLabelCount?: number; groups: number; allGroups: number },
  selected: 'all' | 'large',
  onChange: (groups: 'all' | 'large') => void,
): HTMLElement {
  return el(
    'div',
    { class: 'choosers' },
    chooser(
      'groups-chooser',
      'Groups',
      [
        { value: 'all', label: `all ${sizes.allGroups}` },
        {
          value: 'large',
          label: `${sizes.groups} of adequate size (n ≥ ${sizes.minGroupSize}${sizes.minLabelCount !== undefined ? `, ≥ ${sizes.minLabelCount} of each label` : ''})`,
        },
      ],
      selected,
      (value) => onChange(value === 'large' ? 'large' : 'all'),
    ),
  );
}

function slug(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/**
 * " — Set…" after "not stated" of what a positive prediction means, " — Change…" after a stated
 * meaning: both ask the same question (the user may have answered it wrongly).
 */
export function positiveMeansLink(stated: boolean, onAsk: () => void): (Node | string)[] {
  const button = stated
    ? el('button', { type: 'button', class: 'link', 'data-testid': 'change-positive-means' }, 'Change…')
    : el('button', { type: 'button', class: 'link', 'data-testid': 'set-positive-means' }, 'Set…');
  button.addEventListener('click', onAsk);
  return [' — ', button];
}
