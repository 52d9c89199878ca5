// Counters and histograms whose observation is an array increment: prom-client's own
// label children re-hash their labels on every observation (about a microsecond each,
// measured here), which the decision hot path should not pay. These keep one plain object
// per label set and hand prom-client's registry the same sample shape at scrape time.

type Labels = Record<string, string>;

/** The sample set prom-client's registry formats (its MetricObjectWithValues). */
export interface Samples {
  name: string;
  help: string;
  type: 'counter' | 'histogram';
  aggregator: 'sum';
  values: Array<{ labels: Labels; value: number; metricName?: string }>;
}

export interface CounterChild {
  value: number;
  inc(n?: number): void;
}

export interface HistogramChild {
  observe(v: number): void;
}

export class FastCounter {
  readonly type = 'counter';
  private readonly all = new Map<string, { labels: Labels; child: CounterChild }>();
  private readonly unlabelled: CounterChild | undefined;

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly labelNames: readonly string[] = [],
  ) {
    // A counter without labels is reported (as 0) before its first increment.
    if (labelNames.length === 0) this.unlabelled = this.labels();
  }

  /** The child for these label values, in labelNames order; keep it: each inc() is one addition. */
  labels(...values: string[]): CounterChild {
    const key = values.join('\u0000');
    let s = this.all.get(key);
    if (!s) {
      const child: CounterChild = { value: 0, inc(n = 1) { this.value += n; } };
      s = { labels: Object.fromEntries(this.labelNames.map((l, i) => [l, values[i] ?? ''])), child };
      this.all.set(key, s);
    }
    return s.child;
  }

  inc(n = 1): void {
    this.unlabelled!.inc(n);
  }

  get(): Samples {
    return { name: this.name, help: this.help, type: 'counter', aggregator: 'sum', values: [...this.all.values()].map((s) => ({ labels: s.labels, value: s.child.value })) };
  }

  reset(): void {
    for (const s of this.all.values()) s.child.value = 0;
  }
}

export class FastHistogram {
  readonly type = 'histogram';
  private readonly all = new Map<string, { labels: Labels; counts: Float64Array; sum: number }>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly labelNames: readonly string[],
    private readonly buckets: readonly number[],
  ) {}

  labels(...values: string[]): HistogramChild {
    const key = values.join('\u0000');
    let s = this.all.get(key);
    if (!s) {
      s = { labels: Object.fromEntries(this.labelNames.map((l, i) => [l, values[i] ?? ''])), counts: new Float64Array(this.buckets.length + 1), sum: 0 };
      this.all.set(key, s);
    }
    const series = s;
    const bounds = this.buckets;
    return {
      observe(v: number) {
        let i = 0;
        while (i < bounds.length && v > bounds[i]!) i++;
        series.counts[i]!++;
        series.sum += v;
      },
    };
  }

  get(): Samples {
    const values: Array<{ labels: Labels; value: number; metricName: string }> = [];
    for (const s of this.all.values()) {
      let cumulative = 0;
      this.buckets.forEach((b, i) => {
        cumulative += s.counts[i]!;
        values.push({ metricName: `${this.name}_bucket`, labels: { ...s.labels, le: String(b) }, value: cumulative });
      });
      cumulative += s.counts[this.buckets.length]!;
      values.push({ metricName: `${this.name}_bucket`, labels: { ...s.labels, le: '+Inf' }, value: cumulative });
      values.push({ metricName: `${this.name}_sum`, labels: s.labels, value: s.sum });
      values.push({ metricName: `${this.name}_count`, labels: s.labels, value: cumulative });
    }
    return { name: this.name, help: this.help, type: 'histogram', aggregator: 'sum', values };
  }

  reset(): void {
    this.all.clear();
  }
}
