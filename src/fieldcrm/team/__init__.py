"""Team mode: PostgreSQL as the team's shared store (schema, members and their rights here;
the laptops keep their own SQLite files). psycopg is imported only by the modules that talk to
the server, so the app never needs it."""
