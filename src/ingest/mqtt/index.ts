export { ReadingDecoder, WMBUSMETERS_MAP, MAX_PAYLOAD_BYTES, MAX_READINGS_PER_MESSAGE } from './decode.ts';
export { Journal, type JournalContents, type JournalSnapshot } from './journal.ts';
export {
  startMqttIngest,
  type MqttIngest,
  type MqttIngestOptions,
  type MqttIngestStats,
} from './subscriber.ts';
export { sharedTopic, startSharedMqttIngest } from './shared.ts';
