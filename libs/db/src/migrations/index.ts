/** Every migration, in order. Add a new one at the end; never edit one that has shipped. */
import { InitialSchema1764300000000 } from './1764300000000-initial-schema';

export const MIGRATIONS = [InitialSchema1764300000000];
