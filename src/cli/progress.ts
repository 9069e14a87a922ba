/** Epoch progress on stderr: a cli-progress bar on a terminal, a line every few epochs otherwise. */
import cliProgress from 'cli-progress';
import type { EpochRecord } from '../train/trainer';

export interface EpochProgress {
  update(record: EpochRecord, total: number): void;
  stop(): void;
}

const fmt = (v: number | null | undefined, digits = 4) => (v === null || v === undefined || Number.isNaN(v) ? 'n/a' : v.toFixed(digits));

export function epochProgress(label: string, stream: NodeJS.WriteStream = process.stderr): EpochProgress {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${label} |{bar}| epoch {value}/{total} | loss {loss} | val macro-AUC {auc} | ETA {eta_formatted}`,
        stream,
        hideCursor: true,
        etaBuffer: 10,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(record, total) {
        if (!started) {
          bar.start(total, 0, { loss: 'n/a', auc: 'n/a' });
          started = true;
        }
        bar.update(record.epoch + 1, { loss: fmt(record.trainLoss), auc: fmt(record.validation.macro_auc) });
      },
      stop: () => started && bar.stop(),
    };
  }
  const start = Date.now();
  return {
    update(record, total) {
      const done = record.epoch + 1;
      if (done % 10 !== 0 && done !== total && done !== 1) return;
      const eta = ((Date.now() - start) / done) * (total - done);
      stream.write(`${label} epoch ${done}/${total}  loss ${fmt(record.trainLoss)}  val macro-AUC ${fmt(record.validation.macro_auc)}  ETA ${Math.round(eta / 1000)}s\n`);
    },
    stop: () => undefined,
  };
}
