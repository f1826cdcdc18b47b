import { z } from "zod";
import { msg } from "../errors";

/**
 * Media signalling payloads. The shapes are checked here, bounded in size;
 * mediasoup checks the RTP details and its refusals become VALIDATION errors.
 */
const id = z.uuid();
const conferenceId = z.uuid(msg("conferences.invalidConferenceId"));

const DtlsParameters = z.object({
  role: z.enum(["auto", "client", "server"]).optional(),
  fingerprints: z
    .array(z.object({ algorithm: z.string().max(16), value: z.string().max(200) }))
    .min(1)
    .max(5),
});

const RtpParameters = z.looseObject({
  mid: z.string().max(32).optional(),
  codecs: z
    .array(z.looseObject({ mimeType: z.string().max(64), payloadType: z.number().int() }))
    .min(1)
    .max(10),
  headerExtensions: z
    .array(z.looseObject({ uri: z.string().max(200), id: z.number().int() }))
    .max(20)
    .optional(),
  encodings: z.array(z.looseObject({})).max(4).optional(),
  rtcp: z.looseObject({}).optional(),
});

const RtpCapabilities = z.looseObject({
  codecs: z
    .array(z.looseObject({ mimeType: z.string().max(64), kind: z.enum(["audio", "video"]) }))
    .max(60)
    .optional(),
  headerExtensions: z
    .array(z.looseObject({ uri: z.string().max(200) }))
    .max(60)
    .optional(),
});

/** How many streams one batched request may consume or resume: a 50-person room's cameras and microphones. */
export const MAX_BATCH = 100;

export const MediaJoinInput = z.object({ conferenceId });
/** Entering the media: `transports` also makes the sending and the receiving transport in the same request. */
export const MediaEnterInput = z.object({ conferenceId, transports: z.boolean().optional() });
/** `conference:join`'s own field: enter the media too, both transports made, in the same reply. */
export const ConferenceEntryMediaInput = z.object({ media: z.boolean().optional() });
export const ConnectTransportInput = z.object({
  conferenceId,
  transportId: id,
  dtlsParameters: DtlsParameters,
});
export const TransportInput = z.object({ conferenceId, transportId: id });
export const ProduceInput = z.object({
  conferenceId,
  transportId: id,
  kind: z.enum(["audio", "video"]),
  source: z.enum(["camera", "microphone", "screen"]),
  rtpParameters: RtpParameters,
});
export const ProducerInput = z.object({ conferenceId, producerId: id });
export const ConsumeInput = z.object({
  conferenceId,
  transportId: id,
  producerId: id,
  rtpCapabilities: RtpCapabilities,
});
export const ConsumeBatchInput = z.object({
  conferenceId,
  transportId: id,
  producerIds: z.array(id).min(1).max(MAX_BATCH),
  rtpCapabilities: RtpCapabilities,
});
export const ConsumerInput = z.object({ conferenceId, consumerId: id });
export const ConsumersInput = z.object({ conferenceId, consumerIds: z.array(id).min(1).max(MAX_BATCH) });
export const LayersInput = z.object({
  conferenceId,
  consumerId: id,
  spatialLayer: z.number().int().min(0).max(2),
});
