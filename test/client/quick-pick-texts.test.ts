// What the guided run shows in a quick pick's one-line texts fits them (a user at a 1280 px window
// read "left unticked: crossed wit…"): the yes/no questions of every method (the trade-off curve's
// among them), the held-out question's fixed texts, and the note on the sensitive attributes left
// unticked for the bundled COMPAS example (its real column profile, as the pickers have it).
// Expected texts written by hand from the schema's descriptions (server/src/methods/*/params.ts).
import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { labelAdvice, labelChoiceText, runLabelTasks } from '../../client/src/label-fit';
import { guidedKeys } from '../../client/src/mitigation-use';
import { DESCRIPTION_MAX, HELD_OUT_TEXTS, MANY_PLACEHOLDER_MAX, PLACEHOLDER_MAX, yesNoTexts } from '../../client/src/quick-pick-texts';
import { crossedSensitive, columnGroupsIn, smallestGroupLine, untickedNote } from '../../client/src/starting-groups';
import type { ColumnsResult, MitigationInfo } from '../../common/protocol';
import { columnDescription } from '../../common/render/text';
import { performJob } from '../../server/src/adapters/worker/perform';
import { mitigationInfos } from '../../server/src/services/mitigation-infos';

const root = path.resolve(__dirname, '../../..');
/** The detail line (second line, smaller type) holds a little more than the placeholder. */
const DETAIL_MAX = 90;

describe('the yes/no questions of a guided run', () => {
  let methods: MitigationInfo[];
  before(() => {
    methods = mitigationInfos();
  });

  it('keep every placeholder within one line, for every method, with or without a model of its own', () => {
    let asked = 0;
    for (const method of methods)
      for (const ownModel of [false, true])
        for (const key of guidedKeys(method, ownModel)) {
          const property = method.parameters.properties[key]!;
          if (property.type !== 'boolean') continue;
          asked++;
          const { placeholder, detail } = yesNoTexts(property.description);
          assert.ok(placeholder.length <= PLACEHOLDER_MAX, `${method.name} ${key}: "${placeholder}"`);
          // nothing of the description is lost: what the placeholder leaves out is under Yes
          assert.ok(detail === property.description || `${detail}: ${placeholder}` === property.description, `${method.name} ${key}`);
        }
    assert.ok(asked >= methods.length - 1, `the trade-off curve is asked of (nearly) every method: ${asked}`);
  });

  it("says the trade-off curve's plot in the placeholder and what Yes fits under it (reweighing)", () => {
    const sweep = methods.find((m) => m.name === 'reweighing')!.parameters.properties['sweep']!;
    assert.deepEqual(yesNoTexts(sweep.description), {
      placeholder: "each setting is a point of the report's accuracy-fairness plot",
      detail: 'also fit with the weights raised to 0, 0.25, ..., 1 (parameter "strength")',
    });
  });

  it('keeps a short description whole in both, and cuts a long one without a short last clause at a word', () => {
    assert.deepEqual(yesNoTexts('drop rows with a missing value'), { placeholder: 'drop rows with a missing value', detail: 'drop rows with a missing value' });
    const long = `${'word '.repeat(30)}end`;
    const { placeholder, detail } = yesNoTexts(long);
    assert.equal(detail, long);
    // 16 words of 5 characters, the last space dropped: 79 characters and the ellipsis
    assert.equal(placeholder, `${'word '.repeat(16).trimEnd()}…`);
    assert.deepEqual(yesNoTexts(undefined), { placeholder: '' });
  });
});

describe("the held-out question's texts", () => {
  it('keep each description beside its label and the placeholder within one line', () => {
    for (const description of [HELD_OUT_TEXTS.share, HELD_OUT_TEXTS.none.description, HELD_OUT_TEXTS.sameName.description, HELD_OUT_TEXTS.browse])
      assert.ok(description.length <= DESCRIPTION_MAX, description);
    for (const detail of [HELD_OUT_TEXTS.none.detail, HELD_OUT_TEXTS.sameName.detail]) assert.ok(detail.length <= DETAIL_MAX, detail);
    assert.ok(HELD_OUT_TEXTS.placeholder.length <= PLACEHOLDER_MAX);
  });
});

describe('the note on the sensitive attributes left unticked, on the bundled example', () => {
  let compas: ColumnsResult;
  before(async () => {
    const file = path.join(root, 'examples/compas/compas-two-years.csv');
    compas = (await performJob({ kind: 'columns', file }, new AbortController().signal, () => undefined)) as ColumnsResult;
  });

  it('says sex is left unticked, crossed with race (18 Native American rows × 1,395/7,214 women = 3.5 < 30), and each smallest group', () => {
    const configured = ['race', 'sex']; // the example's columns (client/src/commands/example.ts)
    const ticked = crossedSensitive(configured, columnGroupsIn(compas.columns), 30);
    assert.deepEqual(ticked, ['race']);
    assert.deepEqual(untickedNote(configured, ticked, columnGroupsIn(compas.columns), 30), {
      placeholder: 'sex left unticked: crossed groups would be small',
      unticked: ['sex'],
    });
    // counted in the CSV: 18 Native American and 1,395 female rows of 7,214
    const line = (name: string) => smallestGroupLine(compas.columns.find((c) => c.name === name)!);
    assert.equal(line('race'), 'smallest group Native American: 18 of 7,214 rows');
    assert.equal(line('sex'), 'smallest group Female: 1,395 of 7,214 rows');
    // awk over the CSV: juv_misd_count = 12 and = 13 have 1 row each, the fewest
    assert.match(line('juv_misd_count') ?? '', /^smallest group juv_misd_count = 1[23]: 1 of 7,214 rows$/);
  });

  it('fits the placeholder and the second lines for every pair and triple of its columns that leaves some unticked', () => {
    const names = compas.columns.map((column) => column.name);
    let notes = 0;
    for (const a of names)
      for (const b of names)
        for (const c of [undefined, ...names]) {
          const configured = [...new Set([a, b, ...(c ? [c] : [])])];
          const note = untickedNote(configured, crossedSensitive(configured, columnGroupsIn(compas.columns), 30), columnGroupsIn(compas.columns), 30);
          if (!note) continue;
          notes++;
          // a multiple choice's placeholder: beside the count badge and OK
          assert.ok(note.placeholder.length <= MANY_PLACEHOLDER_MAX, note.placeholder);
        }
    assert.ok(notes > 0);
    for (const column of compas.columns) {
      const line = smallestGroupLine(column);
      if (line) assert.ok(line.length <= DETAIL_MAX, line);
    }
  });
});

describe("the example's columns in the column questions", () => {
  it('are described beside their names within the line, in every label step (a column the run cannot use says why on the line below)', async () => {
    const file = path.join(root, 'examples/compas/compas-two-years.csv');
    const compas = (await performJob({ kind: 'columns', file }, new AbortController().signal, () => undefined)) as ColumnsResult;
    const methods = mitigationInfos();
    let refused = 0;
    for (const column of compas.columns) {
      assert.ok(columnDescription(column, compas).length <= DESCRIPTION_MAX, columnDescription(column, compas));
      for (const method of methods)
        for (const params of [{}, { score: 'decile_score' }]) {
          const { description, problem } = labelChoiceText(column, runLabelTasks(method, false, params), compas, (task) => labelAdvice(method, methods, task));
          assert.ok(description.length <= DESCRIPTION_MAX, `${method.name} ${column.name}: "${description}"`);
          if (problem) refused++;
        }
    }
    assert.ok(refused > 0, 'some column is refused somewhere (the id column, a numeric one)');
  });
});
