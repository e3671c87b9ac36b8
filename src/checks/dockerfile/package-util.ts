/** Package-manager command shapes shared by the RUN rules. */
import { isCall, type SimpleCommand } from "./shell-util.js";

export const APT = ["apt-get", "apt"] as const;

/** Refreshes the package index without installing anything by itself. */
export function isIndexUpdate(cmd: SimpleCommand): boolean {
  return isCall(cmd, APT, ["update"]) || isCall(cmd, ["apk"], ["update"]) || isCall(cmd, ["zypper"], ["refresh", "ref"]);
}

/** Installs or upgrades packages (what makes a preceding index update useful). */
export function isInstall(cmd: SimpleCommand): boolean {
  return (
    isCall(cmd, APT, ["install", "upgrade", "dist-upgrade", "full-upgrade", "build-dep", "reinstall"]) ||
    isCall(cmd, ["apk"], ["add", "upgrade", "fix"]) ||
    isCall(cmd, ["zypper"], ["install", "in", "update", "up", "dist-upgrade", "dup", "patch", "source-install", "si"]) ||
    isCall(cmd, ["yum", "dnf", "microdnf"], ["install", "update", "upgrade", "groupinstall", "localinstall", "reinstall"])
  );
}

/**
 * Indexes of `install` commands not followed, in the same RUN, by a cleanup: the cache they leave
 * stays in the layer even if a later RUN deletes it.
 */
export function installsWithoutCleanup(
  commands: readonly SimpleCommand[],
  isInstallCmd: (c: SimpleCommand) => boolean,
  isCleanup: (c: SimpleCommand) => boolean,
): number[] {
  const out: number[] = [];
  commands.forEach((cmd, i) => {
    if (isInstallCmd(cmd) && !commands.slice(i + 1).some(isCleanup)) out.push(i);
  });
  return out;
}

/** `rm -rf <dir>…` removing one of the given cache directories (or a path under it). */
export function removesDir(cmd: SimpleCommand, dirs: readonly string[]): boolean {
  return cmd.program === "rm" && cmd.words.slice(1).some((w) => dirs.some((d) => w === d || w.startsWith(`${d}/`)));
}
