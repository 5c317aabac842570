/**
 * The appspec validation messages, word for word as the official agent writes them (typos
 * included: operators search their logs and the web for these strings). Values are interpolated
 * as Ruby's `to_s` would print them; see ruby-values.ts.
 *
 * The last group is Cutover's own: where the official agent crashes with a raw Ruby error (a
 * list where a map belongs, say), Cutover says what is wrong in the same style instead.
 */
export const APPSPEC_MESSAGES = {
  emptyFile: () =>
    "The deployment failed because the application specification file was empty. Make sure your AppSpec file defines at minimum the 'version' and 'os' properties.",
  invalidVersion: (value: string) =>
    `The deployment failed because an invalid version value (${value}) was entered in the application specification file. Make sure your AppSpec file specifies "0.0" as the version, and then try again.`,
  unsupportedOs: (value: string) =>
    `The deployment failed because the application specification file specifies an unsupported operating system (${value}). Specify either "linux" or "windows" in the os section of the AppSpec file, and then try again.`,
  invalidFileExistsBehavior: (value: string) =>
    `The deployment failed because an invalid file_exists_behavior value (${value}) was entered in the application specification file. Make sure your AppSpec file specifies one of DISALLOW,OVERWRITE,RETAIN as the file_exists_behavior, and then try again.`,
  scriptWithoutLocation: () =>
    'The deployment failed because the application specification file specifies a script with no location value. Specify the location in the hooks section of the AppSpec file, and then try again.',
  invalidTimeout: () =>
    'The deployment failed because an invalid timeout value was provided for a script in the application specification file. Make corrections in the hooks section of the AppSpec file, and then try again.',
  fileWithoutSource: () =>
    'The deployment failed because the application specification file specifies a destination file, but no source file. Update the files section of the AppSpec file, and then try again.',
  fileWithoutDestination: (source: string) =>
    `The deployment failed because the application specification file specifies only a source file (${source}). Add the name of the destination file to the files section of the AppSpec file, and then try again.`,
  permissionWithoutObject: () =>
    'The deployment failed because a permission listed in the application specification file has no object value. Update the permissions section of the AppSpec file, and then try again.',
  permissionsOnWindows: () =>
    'The deployment failed because the application specification file specifiles file permissions, but the deployment is targeting one or more Windows Server instances. Permissions are supported only for Amazon Linux, Ubuntu Server, and Red Hat Enterprise Linux (RHEL) instances. Update the permissions section of the AppSpec file, and then try again.',
  unsupportedPermissionType: (type: string) =>
    `The deployment failed because the application specification filespecifies a permission for an object type not supported for permissions (${type}). Update the permissions section of the AppSpec file, and then try again.`,
  modeLength: (mode: string) =>
    `The deployment failed because the length of a permissions mode (${mode}) in the application specification file is invalid. Permissions modes must be between one and four characters long. Update the permissions section of the AppSpec file, and then try again.`,
  modeCharacter: (mode: string, char: string) =>
    `The deployment failed because the permissions mode (${mode}) in the application specification file contains an invalid character (${char}). Update the permissions section of the AppSpec file, and then try again.`,
  invalidAcl: (ace: string) =>
    `The deployment failed because of a problem with the acls permission settings in the application specification file. Invalid acl entry (${ace}).`,
  baseAcl: (ace: string) =>
    `The deployment failed because of a problem with the acls permission settings in the application specification file. Use mode to set the base acl entry (${ace}). Update the permissions section of the AppSpec file, and then try again.`,
  aclCharacter: (ace: string, char: string) =>
    `The deployment failed because the access control list (ACL) named ${ace} in the application specification file contains an invalid character (${char}). Correct the ACL in the hooks section of the AppSpec file, and then try again.`,
  contextWithoutType: (inspected: string) =>
    `The deployment failed because the application specification file specifies an invalid context type (${inspected}). Update the permissions section of the AppSpec file, and then try again.`,
  rangeOrder: (range: string) =>
    `The deployment failed because of a problem with the SELinux range specified (${range}) for the context parameter in the permissions section of the application specification file. Make corrections in the permissions section of the AppSpec file, and then try again.`,
  rangePart: (part: string) => `invalid range part ${part}`,
  rangeSensitivity: (sensitivity: string) => `invalid sensitivity ${sensitivity}`,
  rangeCategory: (category: string) => `invalid category ${category}`,
  rangeCategoryRange: (low: string, high: string) => `invalid category range ${low}.${high}`,
  rangeDuplicateCategories: () => 'duplicate categories',
  unknownAlias: (name: string) => `Unknown alias: ${name}`,

  // Cutover's own messages, for inputs on which the official agent crashes.
  wrongShape: (path: string, expected: string, actual: string) =>
    `The deployment failed because ${path} in the application specification file must be ${expected}, but it is ${actual}. Update the AppSpec file, and then try again.`,
  yamlSyntax: (detail: string) =>
    `The deployment failed because the application specification file is not valid YAML: ${detail}. Correct the AppSpec file, and then try again.`,
} as const;

/** Messages of the permission checks that the official agent makes only at Install. */
export const INSTALL_PERMISSION_MESSAGES = {
  invalidFilePattern: (object: string, pattern: string) =>
    `The deployment failed because the application specification file includes an object (${object}) with an invalid pattern (${pattern}), such as a pattern for a file applied to a directory. Correct the permissions section of the AppSpec file, and then try again.`,
  invalidFileExcept: (inspectedExcept: string, object: string) =>
    `The deployment failed because the except parameter for a pattern in the permissions section (${inspectedExcept}) for the object named ${object} contains an invalid format. Update the AppSpec file, and then try again.`,
  defaultAclOnFile: () =>
    'The deployment failed because the -d parameter has been specified to apply an acl setting to a file. This parameter is supported for directories only. Update the AppSpec file, and then try again.',
  duplicatePermission: (object: string) =>
    `The deployment failed because the permissions setting for (${object}) is specified more than once in the application specification file. Update the files section of the AppSpec file, and then try again.`,
} as const;
