export { onboardSystem } from './onboard';
export type { OnboardDeps, OnboardOptions, OnboardReport } from './onboard';
export { OnboardRefusal } from './settings';
export { defaultsPrompter, readlinePrompter } from './prompt';
export type { Prompter } from './prompt';
