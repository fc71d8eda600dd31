/** Written into every result record; bump with releases that change what the learner path records. */
export const APP_VERSION = '0.1.0';
