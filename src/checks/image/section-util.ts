/** Section headings for grouped output. */
export const CIS_SECTION = "4 Container Images and Build File";
export const EXTRA_SECTION = "Image hygiene (Dockle checks beyond CIS)";

export const CONFIG_MISSING = "image config (the source has none, e.g. a dir: root filesystem)";
