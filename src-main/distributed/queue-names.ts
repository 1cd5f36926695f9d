/** The BullMQ queue of every distributed run, under its own key prefix. */
export const QUEUE_NAME = 'nodes';
export const PREFIX = 'pipewright';
export const CANCEL_CHANNEL = `${PREFIX}:cancel`;
