import { Type, type Static } from "@sinclair/typebox";

/** Clair v2 `LayerEnvelope` as POSTed by Klar (api/v1/models.go); unknown keys are tolerated as Clair's Go decoder does. */
export const V2LayerBody = Type.Object({
  Layer: Type.Object({
    Name: Type.String({ minLength: 1, maxLength: 512 }),
    Path: Type.String({ minLength: 1, maxLength: 4096 }),
    Headers: Type.Optional(Type.Record(Type.String(), Type.String())),
    ParentName: Type.Optional(Type.String({ maxLength: 512 })),
    Format: Type.String({ minLength: 1 }),
  }),
});
export type V2LayerBodyT = Static<typeof V2LayerBody>;

export const V2NameParams = Type.Object({ name: Type.String({ minLength: 1 }) });

export const V2LimitQuery = Type.Object({ limit: Type.Optional(Type.String()), page: Type.Optional(Type.String()) });
export type V2LimitQueryT = Static<typeof V2LimitQuery>;

/** `GET /v1/notifications/{name}`: `limit` is required and checked by the handler, to answer with Clair v2's own messages. */
export const V2NotificationQuery = Type.Object({ limit: Type.Optional(Type.String()), page: Type.Optional(Type.String({ maxLength: 512 })) });
export type V2NotificationQueryT = Static<typeof V2NotificationQuery>;
