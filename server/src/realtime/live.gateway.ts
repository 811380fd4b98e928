import { WebSocketGateway, type OnGatewayConnection, type OnGatewayInit } from '@nestjs/websockets';
import { LIVE_NAMESPACE } from '../../../shared/realtime.js';
import { MetricsService } from '../modules/metrics/metrics.service.js';
import { ClusterSignals } from './cluster-signals.js';
import { LiveDispatcher } from './live-dispatcher.js';
import { LiveHandshake } from './live-handshake.js';
import { LivePublisher } from './live-publisher.js';
import { LiveRoutes } from './live-routes.js';
import type { LiveNamespace, LiveSocket } from './live-socket.js';

/**
 * The one gateway of the live namespace. It declares no `@SubscribeMessage` handler: each socket
 * gets one packet hook (LiveDispatcher) that answers every event from the table in LiveRoutes.
 * At start it hands the namespace to the publisher and the cluster signals, and puts the
 * handshake (authentication and the recovery rule) in front of every connection.
 */
@WebSocketGateway({ namespace: LIVE_NAMESPACE })
export class LiveGateway implements OnGatewayInit, OnGatewayConnection {
  constructor(
    private readonly handshake: LiveHandshake,
    private readonly dispatcher: LiveDispatcher,
    routes: LiveRoutes,
    private readonly publisher: LivePublisher,
    private readonly signals: ClusterSignals,
    private readonly metrics: MetricsService,
  ) {
    dispatcher.serve(routes.table);
  }

  afterInit(namespace: LiveNamespace): void {
    this.publisher.attach(namespace);
    this.signals.attach(namespace);
    this.handshake.attach(namespace, (code) => this.metrics.refusedRequest(code, 'handshake'));
  }

  async handleConnection(socket: LiveSocket): Promise<void> {
    // The metrics middleware first: it times the acknowledgement the dispatcher then sends.
    socket.use(this.metrics.observeSocketRequest);
    this.dispatcher.attach(socket);
    await this.handshake.joinIdentityRooms(socket);
  }
}
