import { BaseRpcContext } from '@nestjs/microservices';

type StreamsContextArgs = [stream: string, entryId: string, requestId: string, consumer: string];

/** What a `@Ctx()` parameter sees for a message that came off a family's stream. */
export class StreamsContext extends BaseRpcContext<StreamsContextArgs> {
  getStream(): string {
    return this.args[0];
  }

  getEntryId(): string {
    return this.args[1];
  }

  /** The caller's `x-request-id`, for log lines. */
  getRequestId(): string {
    return this.args[2];
  }

  /** The replica that is handling the message. */
  getConsumer(): string {
    return this.args[3];
  }
}
