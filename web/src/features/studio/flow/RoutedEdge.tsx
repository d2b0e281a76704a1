// A link drawn along dagre's route: round the questions in between, its label where the
// layout made room for it. Once the author drags either end away from where the layout put
// it, the route no longer meets the handles, and the link is xyflow's usual curve again.
import { BaseEdge, type EdgeProps, getBezierPath, useStore } from "@xyflow/react";
import { memo } from "react";
import type { FlowEdge } from "./graph";
import { type Point, routePath } from "./layout";

function standsAt(position: Point | undefined, at: Point): boolean {
  return !!position && Math.abs(position.x - at.x) < 0.5 && Math.abs(position.y - at.y) < 0.5;
}

export const RoutedEdge = memo(function RoutedEdge({
  id,
  source,
  target,
  sourceX,
  sourceY,
  targetX,
  targetY,
  sourcePosition,
  targetPosition,
  data,
  label,
  labelStyle,
  labelShowBg,
  labelBgStyle,
  labelBgPadding,
  labelBgBorderRadius,
  style,
  markerEnd,
  markerStart,
  interactionWidth,
}: EdgeProps<FlowEdge>) {
  const route = data?.route;
  // A boolean from the store: the edge redraws when it goes on or off its route, not on
  // every step of a drag elsewhere.
  const onRoute = useStore(
    (state) =>
      !!route &&
      standsAt(state.nodeLookup.get(source)?.position, route.sourceAt) &&
      standsAt(state.nodeLookup.get(target)?.position, route.targetAt),
  );
  const [path, labelX, labelY] =
    onRoute && route
      ? [
          routePath({ x: sourceX, y: sourceY }, route.bends, { x: targetX, y: targetY }),
          route.label.x,
          route.label.y,
        ]
      : getBezierPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition });
  return (
    <BaseEdge
      id={id}
      path={path}
      labelX={labelX}
      labelY={labelY}
      label={label}
      labelStyle={labelStyle}
      labelShowBg={labelShowBg}
      labelBgStyle={labelBgStyle}
      labelBgPadding={labelBgPadding}
      labelBgBorderRadius={labelBgBorderRadius}
      style={style}
      markerEnd={markerEnd}
      markerStart={markerStart}
      interactionWidth={interactionWidth}
    />
  );
});
