import { describeZeroDowntime } from './zero-downtime-scenarios.ts';

describeZeroDowntime('haproxy');
