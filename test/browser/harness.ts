/** Exposes the shared GPU scenarios to Playwright; one runtime per page. */
import { createGpuRuntime, type GpuRuntime } from '../../src/gpu/runtime';
import * as scenarios from '../shared/gpu-scenarios';
import { d2aceParity, type ParitySetup } from '../shared/d2ace-scenarios';

let runtime: Promise<GpuRuntime> | undefined;
const rt = () => (runtime ??= createGpuRuntime());

const harness = {
  columnStatsParity: async (cases: scenarios.ParityCase[]) => scenarios.columnStatsParity(await rt(), cases),
  roundTrip: async (zeroCopy: boolean) => scenarios.roundTrip(await rt(), zeroCopy),
  kernelErrors: async () => scenarios.kernelErrors(await rt()),
  timer: async () => scenarios.timerScenario(await rt()),
  d2aceParity: async (setup: ParitySetup) => d2aceParity(await rt(), setup),
};

export type Harness = typeof harness;
Object.assign(globalThis, { harness, d2aceReady: true });
