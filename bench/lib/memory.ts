/** Peak resident set size of this process so far, in MiB (getrusage's ru_maxrss, kB on Linux). */
export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}
