package dev.drawbridge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A connection in use plus small JDBC helpers; collects change-feed entries for commit. */
final class Tx {
  interface Rows<T> {
    T map(ResultSet rs) throws SQLException;
  }

  final Connection c;
  final boolean postgres;
  final List<String[]> changes = new ArrayList<>();

  Tx(Connection c, boolean postgres) {
    this.c = c;
    this.postgres = postgres;
  }

  void changed(String kind, String key) {
    changes.add(new String[] {kind, key});
  }

  /** {@code " FOR UPDATE"} on PostgreSQL; SQLite transactions already hold the write lock. */
  String forUpdate() {
    return postgres ? " FOR UPDATE" : "";
  }

  int update(String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      return ps.executeUpdate();
    }
  }

  void batch(String sql, List<Object[]> rows) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (Object[] args : rows) {
        bind(ps, args);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  <T> List<T> query(String sql, Rows<T> rows, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      try (ResultSet rs = ps.executeQuery()) {
        List<T> out = new ArrayList<>();
        while (rs.next()) {
          out.add(rows.map(rs));
        }
        return out;
      }
    }
  }

  <T> Optional<T> one(String sql, Rows<T> rows, Object... args) throws SQLException {
    List<T> all = query(sql, rows, args);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
  }

  static void bind(PreparedStatement ps, Object[] args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      Object a = args[i];
      if (a == null) {
        ps.setNull(i + 1, Types.OTHER); // untyped: the server infers the column's type
      } else if (a instanceof NullLong) {
        ps.setNull(i + 1, Types.BIGINT);
      } else if (a instanceof Instant t) {
        ps.setLong(i + 1, t.toEpochMilli());
      } else if (a instanceof Long l) {
        ps.setLong(i + 1, l);
      } else if (a instanceof Integer n) {
        ps.setInt(i + 1, n);
      } else {
        ps.setString(i + 1, a.toString());
      }
    }
  }

  /** A nullable BIGINT millis column as an Instant. */
  static Instant time(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(v);
  }

  /** A nullable BIGINT millis column, by index (faster than by name on hot loads). */
  static Instant time(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(v);
  }

  /** Nullable typed null for a time argument (keeps BIGINT typing on PostgreSQL). */
  static Object millis(Instant t) {
    return t == null ? new NullLong() : t.toEpochMilli();
  }

  /** Marker for a SQL NULL bound as BIGINT. */
  static final class NullLong {}
}
