// Prisma CLI configuration for machines with no access to Prisma's binary host.
// Prisma 6.19 runs every migrate command through its bundled WebAssembly schema engine and
// a driver adapter; see docs/schema.md. Use scripts/prisma, which sets the environment.
const { randomUUID } = require('node:crypto');
const { defineConfig } = require('prisma/config');
const { PrismaPg } = require('@prisma/adapter-pg');
const { ColumnTypeEnum } = require('@prisma/driver-adapter-utils');
const { parse } = require('pg-connection-string');
const Query = require('pg/lib/query');

// prisma/orm#27403: the adapter cannot decode catalog types (`name`, `"char"`, ...) that the
// schema engine reads when it introspects. Report them as text / text[] ...
const AS_TEXT = { 18: 25, 19: 25, 22: 25, 24: 25, 30: 25, 194: 25, 1002: 1009, 1003: 1009 };
// ... except that the engine reads `"char"` columns (pg_constraint.contype) as characters and
// panics ("RuntimeError: unreachable") on text as soon as a table has a CHECK constraint.
// Remember those columns by name so their type can be reported as Character (see below).
const CHAR_TYPE_OID = 18;
const charColumns = new Set();
const handleRowDescription = Query.prototype.handleRowDescription;
Query.prototype.handleRowDescription = function (msg) {
  for (const field of msg.fields) {
    if (field.dataTypeID === CHAR_TYPE_OID) charColumns.add(field.name);
    if (field.dataTypeID in AS_TEXT) field.dataTypeID = AS_TEXT[field.dataTypeID];
  }
  return handleRowDescription.call(this, msg);
};

function withCharColumns(queryable) {
  const queryRaw = queryable.queryRaw.bind(queryable);
  queryable.queryRaw = async (query) => {
    const result = await queryRaw(query);
    result.columnNames.forEach((name, i) => {
      if (charColumns.has(name)) result.columnTypes[i] = ColumnTypeEnum.Character;
    });
    return result;
  };
  return queryable;
}

// The adapter's own shadow database (a) ignores `database` when given a connectionString, so
// it would replay migrations into the real database, and (b) drops the shadow database while
// its pool still holds a connection. Pass discrete fields, and close before dropping.
class QuizflowPg extends PrismaPg {
  async connect() {
    return withCharColumns(await super.connect());
  }

  async connectToShadowDb() {
    const admin = await this.connect();
    const database = `prisma_shadow_${randomUUID().replaceAll('-', '')}`;
    await admin.executeScript(`CREATE DATABASE "${database}"`);
    const shadow = await new QuizflowPg({ ...this.config, database }).connect();
    const closeShadow = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await closeShadow();
      await admin.executeScript(`DROP DATABASE IF EXISTS "${database}"`);
      await admin.dispose();
    };
    return shadow;
  }
}

module.exports = defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'prisma/schema.prisma',
  async adapter() {
    // The CLI never closes the adapter's pool; without these, node waits out pg's default
    // 10 s idle timeout before exiting after every command.
    const pool = { idleTimeoutMillis: 100, allowExitOnIdle: true };
    return new QuizflowPg({ ...parse(process.env.DATABASE_URL), ...pool });
  },
});
