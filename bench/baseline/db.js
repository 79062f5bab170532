// One query function over WOXLY's schema on either database: better-sqlite3 for a sqlite: URL (WAL,
// synchronous FULL — the durability WOXLY runs with), node-postgres for a postgres:// URL. SQL is
// written with `?` placeholders and numbered for PostgreSQL.
'use strict';

const url = process.env.DATABASE_URL || '';

function numbered(sql) {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

if (url.startsWith('sqlite:')) {
  const Database = require('better-sqlite3');
  const db = new Database(url.replace(/^sqlite:(\/\/)?/, ''));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 10000');
  const statements = new Map();
  const prepared = (sql) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  const bind = (params) => params.map((p) => (typeof p === 'boolean' ? Number(p) : p));
  module.exports = {
    async query(sql, params = []) {
      const statement = prepared(sql);
      return statement.reader ? statement.all(...bind(params)) : (statement.run(...bind(params)), []);
    },
  };
} else if (url.startsWith('postgres')) {
  const { Pool, types } = require('pg');
  types.setTypeParser(20, (v) => Number(v)); // BIGINT ids and times as numbers
  const pool = new Pool({ connectionString: url, max: 16 });
  module.exports = {
    async query(sql, params = []) {
      return (await pool.query(numbered(sql), params)).rows;
    },
  };
} else {
  throw new Error('DATABASE_URL must start with sqlite: or postgres://');
}
