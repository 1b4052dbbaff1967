export default defineBackground(() => {
  // wired in the background module
});
