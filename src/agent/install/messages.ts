/**
 * Install's messages, word for word as the official agent writes them, followed by Cutover's
 * own for situations it handles more clearly (missing SELinux or ACL tools, special files).
 */
export const INSTALL_MESSAGES = {
  fileExists: (path: string) => `The deployment failed because a specified file already exists at this location: ${path}`,
  invalidFileExistsBehavior: (value: string) =>
    `The deployment failed because an invalid option was specified for fileExistsBehavior: ${value}. Valid options include OVERWRITE, RETAIN, and DISALLOW.`,
  twoSources: (source: string, other: string, destination: string) =>
    `The deployment failed because the application specification file specifies two source files named ${source} and ${other} for the same destination (${destination}). Remove one of the source file paths from the AppSpec file, and then try again.`,
  fileOntoDirectory: (source: string, destination: string) =>
    `The deployment failed because the application specification file calls for installing the file ${source}, but a file with that name already exists at the location (${destination}). Update your AppSpec file or directory structure, and then try again.`,
  directoryOntoFile: (destination: string, source: string) =>
    `The deployment failed because the application specification file includes an mkdir command more than once for the same destination path (${destination}) from (${source}). Update the files section of the AppSpec file, and then try again.`,
  aclFailed: (object: string, acl: string, status: string) =>
    `The deployment failed because of a problem with the acls permission settings in the application specification file for this object: ${object}. Failed command: setfacl --set ${acl} ${object}. Exit code: ${status}`,
  contextFailed: (command: string, status: string) =>
    `The deployment failed because the application specification file contains an error in the settings for the context parameter. Update the permissions section of the AppSpec file, and then try again. Failed command: ${command}. Exit code: ${status}`,
  unknownUser: (name: string) => `can't find user for ${name}`,
  unknownGroup: (name: string) => `can't find group for ${name}`,
  sourceMissing: (path: string) => `No such file or directory @ rb_sysopen - ${path}`,
  appSpecNotFound: (relative: string, archiveDir: string, path: string) =>
    `The CodeDeploy agent did not find an AppSpec file within the unpacked revision directory at revision-relative path "${relative}". The revision was unpacked to directory "${archiveDir}", and the AppSpec file was expected but not found at path "${path}". Consult the AWS CodeDeploy Appspec documentation for more information at http://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file.html`,

  // Cutover's own messages.
  toolMissing: (tool: string, setting: string, packageName: string) =>
    `The deployment failed because the application specification file sets ${setting}, but ${tool} is not installed on this host. Install ${packageName}, or remove ${setting} from the permissions section of the AppSpec file, and then try again.`,
  unsupportedFileType: (path: string) =>
    `The deployment failed because the revision contains ${path}, which is not a regular file, a directory or a symbolic link. Remove it from the revision, and then try again.`,
} as const;
