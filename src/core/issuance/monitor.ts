import { check, type Check } from '../checks.ts';
import type { Program } from '../programs/schema.ts';

/**
 * Whether a period must be attested by an independent monitor before it is issued: the program's
 * `independentMonitor` (New Hampshire: yes, Puc 2505.10, the independent monitor reports the thermal production
 * and the REC calculation to the GIS; M-RETS thermal: no, generators may self-report, Operating Procedures
 * Section 4.3 and Appendix B). Unknown: not required, with a `monitor-requirement-unknown` warning (TREC's
 * choice: holding every period of such a program for an attestation nobody asked for would issue nothing).
 */
export function monitorRequirement(program: Program): { required: boolean; checks: Check[] } {
  const v = program.independentMonitor.value;
  if (v !== null) return { required: v, checks: [] };
  return {
    required: false,
    checks: [
      check(
        'monitor-requirement-unknown',
        'warning',
        `program ${program.id} v${program.version} does not say whether an independent monitor must attest each ` +
          `period (${program.independentMonitor.status}): issued without an attestation`,
      ),
    ],
  };
}
