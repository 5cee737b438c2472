import GRDB

/// The versioned schema. Migrations only ever add: a migration that has run is never edited,
/// so a database written by any earlier version opens and upgrades in place.
enum StoreSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: runs, targets, orders, fills, account, positions") { db in
            try db.execute(sql: """
                CREATE TABLE run (
                    date TEXT PRIMARY KEY NOT NULL,          -- YYYY-MM-DD, the market date
                    strategy TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('started', 'ordered', 'executed', 'completed')),
                    startedAt REAL NOT NULL,                 -- seconds since 1970
                    completedAt REAL,
                    summary TEXT                             -- JSON, written at completion
                );
                CREATE TABLE target (
                    runDate TEXT NOT NULL REFERENCES run(date) ON DELETE CASCADE,
                    symbol TEXT NOT NULL,
                    weight REAL NOT NULL CHECK (weight >= 0),
                    PRIMARY KEY (runDate, symbol)
                );
                CREATE TABLE "order" (
                    clientID TEXT PRIMARY KEY NOT NULL,      -- runDate/symbol/side: one order per day, symbol and side
                    runDate TEXT NOT NULL REFERENCES run(date) ON DELETE CASCADE,
                    symbol TEXT NOT NULL,
                    side TEXT NOT NULL CHECK (side IN ('buy', 'sell')),
                    quantity INTEGER NOT NULL CHECK (quantity > 0),
                    limitPrice INTEGER NOT NULL CHECK (limitPrice > 0),
                    kind TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('planned', 'filled', 'unfilled', 'rejected')),
                    note TEXT
                );
                CREATE TABLE fill (
                    clientID TEXT PRIMARY KEY NOT NULL REFERENCES "order"(clientID),
                    date TEXT NOT NULL,
                    price REAL NOT NULL,
                    quantity INTEGER NOT NULL,
                    commission REAL NOT NULL,
                    tax REAL NOT NULL
                );
                CREATE TABLE account (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    cash REAL NOT NULL,
                    asOf TEXT NOT NULL
                );
                CREATE TABLE position (
                    symbol TEXT PRIMARY KEY NOT NULL,
                    shares INTEGER NOT NULL CHECK (shares > 0)
                );
                """)
        }
        migrator.registerMigration("v2: recorded ticks and minute bars") { db in
            try db.execute(sql: """
                CREATE TABLE tick (
                    symbol TEXT NOT NULL,
                    time REAL NOT NULL,                      -- seconds since 1970 (UTC instant)
                    price INTEGER NOT NULL,
                    volume INTEGER NOT NULL
                );
                CREATE INDEX tick_symbol_time ON tick(symbol, time);
                CREATE TABLE minuteBar (
                    symbol TEXT NOT NULL,
                    minute REAL NOT NULL,                    -- start of the minute, seconds since 1970
                    open INTEGER NOT NULL, high INTEGER NOT NULL, low INTEGER NOT NULL, close INTEGER NOT NULL,
                    volume INTEGER NOT NULL,
                    PRIMARY KEY (symbol, minute)
                );
                """)
        }
        migrator.registerMigration("v3: alert outbox") { db in
            try db.execute(sql: """
                CREATE TABLE alertOutbox (
                    key TEXT PRIMARY KEY NOT NULL,           -- alert id and channel (OutboxEntry.key)
                    state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'abandoned')),
                    createdAt REAL NOT NULL,                 -- the alert's creation, seconds since 1970
                    entry TEXT NOT NULL                      -- the OutboxEntry as JSON
                );
                CREATE INDEX alertOutbox_state ON alertOutbox(state, createdAt);
                """)
        }
        migrator.registerMigration("v4: broker orders") { db in
            try db.execute(sql: """
                CREATE TABLE brokerOrder (
                    clientID TEXT PRIMARY KEY NOT NULL REFERENCES "order"(clientID),
                    state TEXT NOT NULL CHECK (state IN ('submitting', 'accepted', 'refused')),
                    orderNumber TEXT,                        -- the broker's order number once accepted
                    branch TEXT,
                    detail TEXT,                             -- why it was refused
                    updatedAt REAL NOT NULL
                );
                """)
        }
        return migrator
    }
}
