import * as z from 'zod';
import { modelHeader, name, names, sensitiveBins } from '../framework/model-file';

/** model.json of `reject-option`: the threshold, the band around it and the privileged groups (one name in older files). */
export const REJECT_OPTION_MODEL = z.object({
  ...modelHeader('reject-option'),
  score: name,
  sensitive: names,
  bins: sensitiveBins,
  threshold: z.number(),
  band: z.number().min(0),
  privileged: z.union([name, names]),
});
