import type { Role, RoleInference } from '../../../../common/reports/audit';
import { InputError } from '../errors';
import { nameTokens, normalizeName } from './names';
import type { ColumnKind, ColumnProfile } from './profile';
import { unknownColumnMessage } from './suggest';
import { extentOf } from '../../../../common/extent';

export interface RoleOverrides {
  label?: string;
  prediction?: string;
  score?: string;
  sensitive?: string[];
  /** The given roles are all there are: none is inferred from column names (Configure Columns' "(none)"). */
  exact?: boolean;
}

export interface ResolvedRoles {
  label?: string;
  prediction?: string;
  score?: string;
  sensitive: string[];
  /** The roles taken from column names rather than overrides. */
  inferred: RoleInference[];
  /**
   * Roles that column names suggested but could not settle (a tie, or an unsuitable column), each
   * with why, without command-line advice; said in `warnings` too.
   */
  unsettled?: Partial<Record<SingleRole, string>>;
  warnings: string[];
}

type SingleRole = Exclude<Role, 'sensitive'>;
const SINGLE_ROLES: readonly SingleRole[] = ['label', 'prediction', 'score'];

/** Names of a decision taken about each person (inferred as the prediction): with no label named, maybe the true outcome instead. */
const DECISION_NAMES = ['decision', 'detained', 'approved', 'granted', 'selected', 'hired', 'admitted', 'accepted', 'rejected', 'denied'] as const;

/**
 * Column names that suggest each role. Listed in order of precedence for a name that fits several
 * roles equally well: "predicted_label" is a prediction and "y_score" a score, not the label.
 */
const ROLE_NAMES: Readonly<Record<Role, readonly string[]>> = {
  score: ['score', 'scores', 'proba', 'probability', 'prob', 'y_score', 'y_prob', 'predict_proba', 'risk_score', 'decile_score'],
  // A decision taken about each person is what an audit of decisions compares, as it would a model's
  // prediction: past participles of deciding verbs ("detained", "loan_approved", "hired") name one.
  prediction: ['prediction', 'predicted', 'pred', 'y_pred', 'yhat', 'y_hat', ...DECISION_NAMES],
  label: ['label', 'target', 'y', 'y_true', 'ytrue', 'truth', 'ground_truth', 'actual', 'outcome', 'class', 'income', 'two_year_recid', 'recid'],
  // "color" is left out: in most data sets it describes a product, not a person. In the order a run
  // starts ticking them (sensitiveNameRank): the attributes audits are most often asked about first.
  sensitive: [
    'race',
    'ethnicity',
    'ethnic',
    'sex',
    'gender',
    'age',
    'age_cat',
    'age_group',
    'religion',
    'disability',
    'disabled',
    'marital_status',
    'marital',
    'nationality',
    'native_country',
    'citizenship',
    'national_origin',
    'pregnancy',
    'sexual_orientation',
  ],
};

const ROLE_KINDS: Readonly<Record<Role, readonly ColumnKind[]>> = {
  label: ['boolean', 'categorical', 'numeric'],
  prediction: ['boolean', 'categorical', 'numeric'],
  score: ['numeric'],
  sensitive: ['boolean', 'categorical', 'numeric'],
};

const ROLE_NOUNS: Readonly<Record<Role, string>> = {
  label: 'the label',
  prediction: 'the prediction',
  score: 'the score',
  sensitive: 'a sensitive column',
};

/** An exact name match ("race") outranks a word of the name matching ("race_desc"). */
const EXACT = 2;
const WORD = 1;

interface NameMatch {
  profile: ColumnProfile;
  role: Role;
  strength: number;
  keyword: string;
}

/**
 * Decides which column plays each role. Overridden roles are taken as given (after checking the
 * names exist and no column has two roles); the others are inferred from column names, matched
 * case-insensitively as a whole or as whole words (split on punctuation, spaces and camelCase).
 * Each column is a candidate for at most one role: its best match. A label, prediction or score is
 * inferred only when exactly one suitable column matches best; ties and unsuitable column kinds
 * become warnings. Sensitive columns are inferred only when none are given, and then all of them,
 * in the order of the kind their names say (race, ethnicity, sex, gender, age, …), not the file's.
 */
export function resolveRoles(file: string, profiles: readonly ColumnProfile[], overrides: RoleOverrides): ResolvedRoles {
  const given = checkOverrides(
    file,
    profiles.map((profile) => profile.name),
    overrides,
  );
  const resolved: ResolvedRoles = {
    label: overrides.label,
    prediction: overrides.prediction,
    score: overrides.score,
    sensitive: [...new Set(overrides.sensitive)],
    inferred: [],
    warnings: [],
  };
  if (overrides.exact) return resolved;
  const matches = profiles.filter((profile) => !given.has(profile.name)).flatMap((profile) => bestMatch(profile) ?? []);

  for (const role of SINGLE_ROLES) {
    if (resolved[role] !== undefined) continue;
    const candidates = matches.filter((match) => match.role === role);
    // A file of a model's outputs ("reweighing_prediction", "reweighing_score") beside an older
    // model's score ("decile_score"): the score of the same model as the prediction.
    const prediction = resolved.prediction;
    const sameModel = role === 'score' && prediction !== undefined ? candidates.filter((match) => sameStem(match.profile.name, prediction)) : [];
    const problems: string[] = [];
    const chosen = chooseSingle(role, sameModel.length > 0 ? sameModel : candidates, problems);
    resolved.warnings.push(...problems.map((problem) => `${problem}; pass --${role}`));
    if (!chosen && problems.length > 0) (resolved.unsettled ??= {})[role] = problems.join('; ');
    if (chosen) {
      resolved[role] = chosen.profile.name;
      resolved.inferred.push(inference(chosen));
    }
  }
  if (resolved.sensitive.length === 0) {
    // by the kind their names say, race and sex first: Adult's audit opened on marital-status, first in its file (cold try 17)
    const byKind = (a: NameMatch, b: NameMatch) => kindRank(a.keyword) - kindRank(b.keyword);
    const sensitive = oneColumnPerAttribute(matches.filter((match) => match.role === 'sensitive' && suits(match))).sort(byKind);
    resolved.sensitive = sensitive.map((match) => match.profile.name);
    for (const match of sensitive) resolved.inferred.push(inference(match));
  }
  return resolved;
}

/** Whether two names differ only in their last word ("m_prediction", "m_score"). */
function sameStem(a: string, b: string): boolean {
  const stem = (name: string) => nameTokens(name).slice(0, -1).join(' ');
  return stem(a) !== '' && stem(a) === stem(b);
}

/**
 * Of inferred sensitive columns that describe one attribute ("age" and "age_cat": the same first
 * word), the one with fewest values (the coded one); crossing both would only split groups.
 */
function oneColumnPerAttribute(matches: readonly NameMatch[]): NameMatch[] {
  const kept: NameMatch[] = [];
  for (const match of matches) {
    const twin = kept.findIndex((other) => nameTokens(other.profile.name)[0] === nameTokens(match.profile.name)[0]);
    if (twin < 0) kept.push(match);
    else if (match.profile.distinct < kept[twin]!.profile.distinct) kept[twin] = match;
  }
  return kept;
}

/**
 * The columns resolveRoles can use with these overrides: the given ones, and those whose names
 * could fill a role that is not given. Reading only these from a columnar source gives the same
 * roles, warnings and errors as reading every column. With no sensitive column given or
 * recognised, every column is kept, so the error lists them all.
 */
export function columnsForRoles(file: string, columns: readonly string[], overrides: RoleOverrides): readonly string[] {
  const given = checkOverrides(file, columns, overrides);
  const isOpen = (role: Role) => (role === 'sensitive' ? !overrides.sensitive?.length : overrides[role] === undefined);
  const roleOf = (name: string) => given.get(name) ?? nameMatch(name)?.role;
  const chosen = columns.filter((name) => {
    const role = roleOf(name);
    return given.has(name) || (role !== undefined && isOpen(role));
  });
  return chosen.some((name) => roleOf(name) === 'sensitive') ? chosen : columns;
}

/** Checks the overridden names and returns the role given to each of them. */
function checkOverrides(file: string, columns: readonly string[], overrides: RoleOverrides): Map<string, Role> {
  const given = new Map<string, Role>();
  const give = (role: Role, name: string | undefined) => {
    if (name === undefined) return;
    if (!columns.includes(name)) throw new InputError(unknownColumnMessage(name, columns), { file, column: name });
    const previous = given.get(name);
    if (previous !== undefined && previous !== role) {
      throw new InputError(`column "${name}" cannot be both ${ROLE_NOUNS[previous]} and ${ROLE_NOUNS[role]}`, {
        file,
        column: name,
      });
    }
    given.set(name, role);
  };
  for (const role of SINGLE_ROLES) give(role, overrides[role]);
  for (const name of overrides.sensitive ?? []) give('sensitive', name);
  return given;
}

function bestMatch(profile: ColumnProfile): NameMatch | undefined {
  const match = nameMatch(profile.name);
  return match && { profile, ...match };
}

/** The role a column's name suggests, if any (its strongest match). */
export function roleOfName(name: string): Role | undefined {
  return nameMatch(name)?.role;
}

/**
 * Where a column named like a sensitive attribute ranks among them: its keyword's place in the
 * sensitive names (race 0, ethnicity 1, ethnic 2, sex 3, …, marital_status 11); undefined for other names.
 * Adult's marital-status, first in the file of those whose groups are known, was ticked alone and
 * left race and sex unticked (cold try 16).
 */
export function sensitiveNameRank(name: string): number | undefined {
  const match = nameMatch(name);
  return match?.role === 'sensitive' ? kindRank(match.keyword) : undefined;
}

/** A sensitive keyword's place in the sensitive names: the one order of kinds, for the inferred columns and the starting ticks. */
function kindRank(keyword: string): number {
  return ROLE_NAMES.sensitive.indexOf(keyword);
}

/** Whether a column's name takes it for a decision ("detained", "loan_approved"), not a model's prediction ("y_pred"). */
export function namedLikeDecision(name: string): boolean {
  const match = nameMatch(name);
  return match?.role === 'prediction' && (DECISION_NAMES as readonly string[]).includes(match.keyword);
}

/** The strongest role match of a column's name; equal strengths go to the earlier role in ROLE_NAMES. */
function nameMatch(name: string): Omit<NameMatch, 'profile'> | undefined {
  let best: Omit<NameMatch, 'profile'> | undefined;
  for (const [role, keywords] of Object.entries(ROLE_NAMES) as [Role, readonly string[]][]) {
    const match = matchName(name, role, keywords);
    if (match && match.strength > (best?.strength ?? 0)) best = match;
  }
  return best;
}

function matchName(name: string, role: Role, keywords: readonly string[]): Omit<NameMatch, 'profile'> | undefined {
  const normalized = normalizeName(name);
  const exact = keywords.find((keyword) => normalizeName(keyword) === normalized);
  if (exact !== undefined) return { role, strength: EXACT, keyword: exact };
  const words = nameTokens(name);
  // The longest keyword found gives the most telling reason ("decile_score" rather than "score").
  const found = keywords
    .map((keyword) => ({ keyword, tokens: nameTokens(keyword) }))
    .filter(({ tokens }) => containsRun(words, tokens))
    .sort((a, b) => b.tokens.length - a.tokens.length)[0];
  return found && { role, strength: WORD, keyword: found.keyword };
}

/** Whether `run` occurs in `words` as consecutive elements. */
function containsRun(words: readonly string[], run: readonly string[]): boolean {
  for (let start = 0; start + run.length <= words.length; start++) {
    if (run.every((word, offset) => words[start + offset] === word)) return true;
  }
  return false;
}

/** The one suitable best match, if any; `problems` gets the ties and the unsuitable columns that match as well. */
function chooseSingle(role: SingleRole, matches: readonly NameMatch[], problems: string[]): NameMatch | undefined {
  const suitable = matches.filter(suits);
  const strongest = Math.max(0, extentOf(suitable.map((match) => match.strength))[1]);
  for (const match of matches) {
    if (!suits(match) && match.strength >= strongest) {
      const kind = match.profile.kind;
      const article = /^[aeiou]/.test(kind) ? 'an' : 'a';
      problems.push(`${role} not inferred from "${match.profile.name}": ${ROLE_NOUNS[role]} cannot be ${article} ${kind} column`);
    }
  }
  const best = suitable.filter((match) => match.strength === strongest);
  if (best.length > 1) {
    problems.push(`ambiguous ${role}: candidates ${best.map((match) => match.profile.name).join(', ')}`);
    return undefined;
  }
  return best[0];
}

function suits(match: NameMatch): boolean {
  return ROLE_KINDS[match.role].includes(match.profile.kind);
}

/** Why a column was inferred, its keyword in words: the column marital-status "matches 'marital status'", not 'marital_status'. */
function inference(match: NameMatch): RoleInference {
  const words = match.keyword.split('_').join(' ');
  const how = match.strength === EXACT ? 'matches' : words.includes(' ') ? 'contains the words' : 'contains the word';
  return { role: match.role, column: match.profile.name, reason: `name ${how} '${words}'` };
}
