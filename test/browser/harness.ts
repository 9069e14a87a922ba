/** Exposes the shared GPU scenarios to Playwright; one runtime per page. */
import { createGpuRuntime, type GpuRuntime } from '../../src/gpu/runtime';
import * as scenarios from '../shared/gpu-scenarios';

let runtime: Promise<GpuRuntime> | undefined;
const rt = () => (runtime ??= createGpuRuntime());

const harness = {
  columnStatsParity: async (cases: scenarios.ParityCase[]) => scenarios.columnStatsParity(await rt(), cases),
  roundTrip: async (zeroCopy: boolean) => scenarios.roundTrip(await rt(), zeroCopy),
  kernelErrors: async () => scenarios.kernelErrors(await rt()),
  timer: async () => scenarios.timerScenario(await rt()),
};

export type Harness = typeof harness;
Object.assign(globalThis, { harness, d2aceReady: true });
