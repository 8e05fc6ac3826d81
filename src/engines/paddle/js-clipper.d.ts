/** js-clipper ships plain JavaScript: the part of its API the detector's post-processing uses. */
declare module 'js-clipper' {
  type IntPoint = { X: number; Y: number };
  const clipper: {
    ClipperOffset: new () => { AddPath(path: IntPoint[], join: number, end: number): void; Execute(solution: IntPoint[][], delta: number): void };
    JoinType: { jtRound: number };
    EndType: { etClosedPolygon: number };
  };
  export default clipper;
}
