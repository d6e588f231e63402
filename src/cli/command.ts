import type { CAC } from 'cac';

/** A CLI command module registers itself on the cac instance. */
export type RegisterCommand = (cli: CAC) => void;
