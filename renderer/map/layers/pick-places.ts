/*
 * Which places a picked deck.gl object stands for. Point layers draw subsets or groups of the place columns,
 * so deck's object index is not a column index: each point layer registers, under its deck id, how to turn
 * its index into column indices; the map asks here on hover and click.
 */

type Resolver = (index: number) => number[];

const resolvers = new Map<string, Resolver>();

export function setPickResolver(deckLayerId: string, resolve: Resolver): void {
  resolvers.set(deckLayerId, resolve);
}

/** Column indices of the places under a picked object, or null when the layer draws no places. */
export function placesOfPick(deckLayerId: string, index: number): number[] | null {
  const resolve = resolvers.get(deckLayerId);
  return resolve === undefined || index < 0 ? null : resolve(index);
}
