// How a problem or a record names the xAPI statement that carried it, wherever places are written out (the
// import's messages, the CLI, the report, the roster): its own module, so the roster page ships only this.

/** " (statement <id>)" for a place in a file of xAPI statements, else "". */
export const statementNote = (place: { statement?: string }): string => (place.statement ? ` (statement ${place.statement})` : '');
