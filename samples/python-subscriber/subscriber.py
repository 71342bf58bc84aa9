#!/usr/bin/env python3
"""A subscriber of OpenAccess's events that is not .NET: Python 3 and pika (Debian: apt-get install python3-pika).

It reads the JSON envelope MassTransit writes (docs/events.md): messageId, messageType (URNs), sentTime, and the event
itself under "message", in camelCase with enums as their names. Its queue is its own, bound to the fanout exchanges the
services publish to, named after the contract type. Every event can come again (a redelivery, a replay) with the same
messageId: handle it idempotently.

    RABBITMQ=amqp://guest:guest@localhost:5672/%2F QUEUE=sample-python-subscriber python3 subscriber.py
"""
import json
import os
import signal
import sys

import pika

EXCHANGES = ["OpenAccess.Contracts:ModelDiscovered", "OpenAccess.Contracts:AccessProfileUpdated"]


def describe(envelope):
    kind = envelope["messageType"][0].rsplit(":", 1)[-1]
    event = envelope["message"]
    if kind == "ModelDiscovered":
        parents = ",".join(f'{p["relation"]}:{p["id"]}' for p in event.get("baseModels", []))
        return f'ModelDiscovered {event["id"]} parents={parents} message={envelope["messageId"]}'
    if kind == "AccessProfileUpdated":
        return f'AccessProfileUpdated {event["modelId"]} h100={event.get("minimumH100")} message={envelope["messageId"]}'
    return f"{kind} (not handled) message={envelope['messageId']}"


def main():
    queue = os.environ.get("QUEUE", "sample-python-subscriber")
    connection = pika.BlockingConnection(pika.URLParameters(os.environ.get("RABBITMQ", "amqp://guest:guest@localhost:5672/%2F")))
    channel = connection.channel()
    channel.queue_declare(queue, durable=True)
    for exchange in EXCHANGES:
        # As MassTransit declares them: fanout, durable. Declaring first lets the subscriber start before any publisher.
        channel.exchange_declare(exchange, exchange_type="fanout", durable=True)
        channel.queue_bind(queue, exchange)
    channel.basic_qos(prefetch_count=64)

    def on_message(ch, method, properties, body):
        try:
            line = describe(json.loads(body))
        except (ValueError, KeyError, IndexError) as error:
            # Not an envelope this subscriber understands: refuse it without requeueing, and say why.
            print(f"refused a message: {error!r}", file=sys.stderr, flush=True)
            ch.basic_nack(method.delivery_tag, requeue=False)
            return
        print(line, flush=True)
        ch.basic_ack(method.delivery_tag)  # after the work, so a subscriber that dies loses nothing

    channel.basic_consume(queue, on_message)
    signal.signal(signal.SIGTERM, lambda *_: channel.stop_consuming())
    print(f"listening on {queue}", flush=True)
    try:
        channel.start_consuming()
    except KeyboardInterrupt:
        channel.stop_consuming()
    connection.close()


if __name__ == "__main__":
    main()
