// The Install lifecycle step: undo the previous install, copy the revision's files, set permissions.
export { chooseAppSpecFile, readInstallAppSpec, type ChosenAppSpec } from './choose-app-spec.ts';
export { parseCleanupFile, undoPreviousInstall, type CleanupStep } from './cleanup-file.ts';
export { INSTALL_ERROR_CODE, InstallError } from './install-error.ts';
export { SILENT_INSTALL_LOG, type InstallLog } from './install-log.ts';
export { installJson, type Instruction } from './instructions.ts';
export { INSTALL_MESSAGES } from './messages.ts';
export { planInstall, type PlanInstallOptions } from './plan-install.ts';
export { runInstall, type RunInstallOptions } from './run-install.ts';
