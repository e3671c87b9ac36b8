import type { DistributionScanner, PackageScanner } from "../contracts/scanner.js";

/**
 * A scanner known by what it reads, so that its module loads only when an image has such a
 * file: `claro sbom` of a Debian image must not load the parsers of 25 other ecosystems (issue
 * 10 §3). `wants` repeats the scanner's own (scanner-catalog.test.ts holds them equal).
 */
export interface DeferredScanner<S> {
  readonly id: string;
  readonly wants: readonly string[];
  /** The scanner has a content probe: it loads before the layers stream, to look at every file. */
  readonly probed: boolean;
  load(): Promise<S>;
}

const OS_RELEASE = ["etc/os-release", "usr/lib/os-release"] as const;

function distribution(id: string, extra: readonly string[], load: () => Promise<DistributionScanner>): DeferredScanner<DistributionScanner> {
  return { id, wants: [...OS_RELEASE, ...extra], probed: false, load };
}

function pkg(id: string, wants: readonly string[], load: () => Promise<PackageScanner>): DeferredScanner<PackageScanner> {
  return { id, wants, probed: false, load };
}

function probed(id: string, load: () => Promise<PackageScanner>): DeferredScanner<PackageScanner> {
  return { id, wants: [], probed: true, load };
}

/** In the registry's order (ecosystems/index.ts), each id once, as `registeredScanners()` lists them. */
export const distributionCatalog: readonly DeferredScanner<DistributionScanner>[] = [
  distribution("almalinux-release", [], async () => (await import("./almalinux/distribution-scanner.js")).almalinuxDistributionScanner),
  distribution(
    "alpine-release",
    ["etc/alpine-release", "etc/apk/repositories"],
    async () => (await import("./alpine/distribution-scanner.js")).alpineDistributionScanner,
  ),
  distribution("amazon-release", ["etc/system-release"], async () => (await import("./amazon/distribution-scanner.js")).amazonDistributionScanner),
  distribution("chainguard-release", [], async () => (await import("./chainguard/distribution-scanner.js")).chainguardDistributionScanner),
  distribution("debian-release", ["etc/debian_version"], async () => (await import("./debian/distribution-scanner.js")).debianDistributionScanner),
  distribution("fedora-release", ["etc/fedora-release"], async () => (await import("./fedora/distribution-scanner.js")).fedoraDistributionScanner),
  distribution("mariner-release", [], async () => (await import("./mariner/distribution-scanner.js")).marinerDistributionScanner),
  distribution("oracle-release", [], async () => (await import("./oracle/distribution-scanner.js")).oracleDistributionScanner),
  distribution("photon-release", [], async () => (await import("./photon/distribution-scanner.js")).photonDistributionScanner),
  distribution(
    "rhel-release",
    ["etc/centos-release", "etc/rocky-release", "etc/almalinux-release", "etc/redhat-release", "root/buildinfo/content_manifests/*.json"],
    async () => (await import("./rhel/distribution-scanner.js")).rhelDistributionScanner,
  ),
  distribution("rocky-release", [], async () => (await import("./rocky/distribution-scanner.js")).rockyDistributionScanner),
  distribution("suse-release", [], async () => (await import("./suse/distribution-scanner.js")).suseDistributionScanner),
  distribution("ubuntu-release", ["etc/lsb-release"], async () => (await import("./ubuntu/distribution-scanner.js")).ubuntuDistributionScanner),
  distribution("wolfi-release", [], async () => (await import("./wolfi/distribution-scanner.js")).wolfiDistributionScanner),
];

const RPMDB = [
  "usr/lib/sysimage/rpm/rpmdb.sqlite",
  "usr/lib/sysimage/rpm/Packages.db",
  "usr/lib/sysimage/rpm/Packages",
  "var/lib/rpm/rpmdb.sqlite",
  "var/lib/rpm/Packages.db",
  "var/lib/rpm/Packages",
];

export const packageCatalog: readonly DeferredScanner<PackageScanner>[] = [
  pkg("rpm", [...RPMDB, "var/lib/rpmmanifest/container-manifest-2"], async () => (await import("../formats/rpm/scanner.js")).rpmPackageScanner),
  pkg("apk", ["lib/apk/db/installed"], async () => (await import("../formats/apk/scanner.js")).apkPackageScanner),
  pkg("cargo-lock", ["**/Cargo.lock", "**/Cargo.toml"], async () => (await import("./cargo/scanner.js")).cargoLockScanner),
  probed("cargo-auditable", async () => (await import("./cargo/auditable-scanner.js")).cargoAuditableScanner),
  pkg("composer", ["**/composer.lock", "**/vendor/composer/installed.json"], async () => (await import("./composer/scanner.js")).composerScanner),
  pkg("conan-lock", ["**/conan.lock"], async () => (await import("./conan/index.js")).conanLockScanner),
  pkg(
    "dpkg",
    ["var/lib/dpkg/status", "var/lib/dpkg/status.d/*", "var/lib/dpkg/info/*.list"],
    async () => (await import("../formats/dpkg/scanner.js")).dpkgPackageScanner,
  ),
  pkg("gemspec", ["**/specifications/*.gemspec"], async () => (await import("./gem/scanner.js")).gemspecScanner),
  pkg("gemfile-lock", ["**/Gemfile.lock"], async () => (await import("./gem/scanner.js")).gemfileLockScanner),
  probed("go-binary", async () => (await import("./golang/binary-scanner.js")).goBinaryScanner),
  pkg("go-mod", ["**/go.mod", "**/go.sum"], async () => (await import("./golang/gomod-scanner.js")).goModScanner),
  pkg("mix-lock", ["**/mix.lock"], async () => (await import("./hex/index.js")).mixLockScanner),
  probed("java-archive", async () => (await import("./maven/jar-scanner.js")).jarScanner),
  pkg("gradle-lockfile", ["**/gradle.lockfile"], async () => (await import("./maven/gradle-lock.js")).gradleLockScanner),
  pkg("sbt-lock", ["**/build.sbt.lock"], async () => (await import("./maven/sbt-lock.js")).sbtLockScanner),
  pkg(
    "npm",
    ["**/package.json", "**/package-lock.json", "**/npm-shrinkwrap.json", "**/yarn.lock", "**/pnpm-lock.yaml", "**/bun.lock"],
    async () => (await import("./npm/scanner.js")).npmPackageScanner,
  ),
  pkg("nuget", ["**/*.deps.json", "**/packages.lock.json"], async () => (await import("./nuget/scanner.js")).nugetScanner),
  pkg(
    "nuget-central-packages",
    ["**/Directory.Packages.props", "**/directory.packages.props", "**/packages.props"],
    async () => (await import("./nuget/packages-props.js")).nugetCentralPackagesScanner,
  ),
  pkg("pubspec-lock", ["**/pubspec.lock"], async () => (await import("./pub/index.js")).pubspecLockScanner),
  pkg(
    "python-installed",
    ["**/*dist-info/METADATA", "**/*DIST-INFO/METADATA", "**/*egg-info/PKG-INFO", "**/*EGG-INFO/PKG-INFO", "**/*.egg-info"],
    async () => (await import("./pypi/installed-scanner.js")).pythonInstalledScanner,
  ),
  pkg(
    "python-lockfiles",
    ["**/requirements*.txt", "**/Pipfile.lock", "**/poetry.lock", "**/uv.lock", "**/pylock.toml", "**/pylock.*.toml"],
    async () => (await import("./pypi/lock-scanner.js")).pythonLockScanner,
  ),
  pkg("swift-package-resolved", ["**/Package.resolved"], async () => (await import("./swift/index.js")).packageResolvedScanner),
  pkg("podfile-lock", ["**/Podfile.lock"], async () => (await import("./swift/index.js")).podfileLockScanner),
];
