/** The built-in client that runs the timeline's put/get/delete/cas actions. */
export const BUILTIN_CLIENT = 'cli';
