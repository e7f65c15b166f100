// One id per test run, so that the sample is built once per run (test/helpers/sample.ts).
import type { TestProject } from 'vitest/node';

export default function setup(project: TestProject): void {
  project.provide('runId', `${process.pid}-${Date.now().toString(36)}`);
}
