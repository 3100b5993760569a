package dev.betterconvex.orm.autoconfigure.audited;

import dev.betterconvex.orm.repository.BetterConvexRepository;

public interface TicketRepository extends BetterConvexRepository<Ticket> {
}
