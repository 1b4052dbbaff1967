// opencc-js ships its dictionaries as ES modules (`export default "萬 万|與 与|…"`) without typings.
declare module 'opencc-js/dict/*' {
  const dictionary: string;
  export default dictionary;
}
