// The map: shipped boundaries (no tiles), events as circle markers clustered when dense.
import L from "./leaflet-global.js";
import "leaflet.markercluster";
import { EVENT_TYPES, colorOf, radiusOf } from "./colors.js";
import { h } from "./dom.js";

const BOUNDARY_STYLE = {
  countries: { color: "#7b8a8b", weight: 0.8, fillColor: "#f4f1ea", fillOpacity: 1 },
  admin1: { color: "#a6acaf", weight: 0.6, fill: false, dashArray: "3 3" },
  admin2: { color: "#c5c9ca", weight: 0.5, fill: false },
};
const LAYER_ZOOM = { admin1: 5, admin2: 7 };
const PLAIN_STYLE = { color: "#1c2833", weight: 1 };
const REVIEWED_STYLE = { color: "#1e8449", weight: 3 };
const SELECTED_STYLE = { color: "#f1c40f", weight: 4 };

export class EventMap {
  constructor(element, { onSelect }) {
    this.element = element;
    this.onSelect = onSelect;
    this.map = L.map(element, { worldCopyJump: true, preferCanvas: false, minZoom: 2, maxZoom: 13,
      zoomSnap: 0.5 }).setView([28, 68], 4);
    this.map.attributionControl.setPrefix(false);
    this.map.attributionControl.addAttribution("Natural Earth; OCHA COD-AB; GeoNames");
    this.boundaries = {};
    this.clusters = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40,
      disableClusteringAtZoom: 10, spiderfyOnMaxZoom: true, chunkedLoading: true });
    this.map.addLayer(this.clusters);
    this.fitted = false;
    this.addLegend();
    this.map.on("zoomend", () => this.showBoundaryLayers());
  }

  async loadBoundaries() {
    await this.loadLayer("countries");
    this.showBoundaryLayers();
  }

  async loadLayer(name) {
    if (this.boundaries[name]) return this.boundaries[name];
    const pending = fetch(`/static/boundaries/${name === "countries" ? "countries" : name}.geojson`)
      .then((r) => r.json())
      .then((data) => L.geoJSON(data, { style: BOUNDARY_STYLE[name], interactive: false }));
    this.boundaries[name] = pending;
    const layer = await pending;
    if (name === "countries") layer.addTo(this.map).bringToBack();
    return layer;
  }

  async showBoundaryLayers() {
    const zoom = this.map.getZoom();
    for (const [name, minZoom] of Object.entries(LAYER_ZOOM)) {
      if (zoom >= minZoom) {
        const layer = await this.loadLayer(name);
        if (!this.map.hasLayer(layer)) layer.addTo(this.map);
      } else if (this.boundaries[name]) {
        const layer = await this.boundaries[name];
        if (this.map.hasLayer(layer)) this.map.removeLayer(layer);
      }
    }
  }

  addLegend() {
    const legend = L.control({ position: "bottomleft" });
    legend.onAdd = () => h("div", { class: "legend" },
      EVENT_TYPES.map(([name, color]) => h("div", {},
        h("span", { class: "swatch", "data-color": color }), name)));
    legend.addTo(this.map);
    for (const swatch of this.element.querySelectorAll(".legend .swatch")) {
      swatch.style.background = swatch.dataset.color;  // CSSOM, allowed under the CSP
    }
  }

  /** Replace the markers with `features` (GeoJSON points with light properties). */
  show(features) {
    this.clusters.clearLayers();
    this.selected = null;
    const markers = [];
    for (const feature of features) {
      const p = feature.properties;
      const [lon, lat] = feature.geometry.coordinates;
      const color = colorOf(p.event_type);
      // an event an analyst confirmed is drawn with a thick green ring
      const marker = L.circleMarker([lat, lon], {
        radius: radiusOf(p.fatalities), fillColor: color, fillOpacity: 0.85,
        ...(p.reviewed ? REVIEWED_STYLE : PLAIN_STYLE),
        className: p.reviewed ? "sitrep-marker reviewed" : "sitrep-marker",
      });
      // Leaflet sets tooltip content with innerHTML when given a string: give it a text-only element.
      marker.bindTooltip(h("span", {}, `${p.event_date} · ${p.sub_event_type} · ${p.location || p.admin1 || ""}`
        + ` · ${p.fatalities} killed` + (p.reviewed ? " · reviewed" : "")));
      marker.on("click", () => this.onSelect(String(p.event_id)));
      marker.eventId = String(p.event_id);
      marker.fatalities = p.fatalities;
      marker.reviewed = Boolean(p.reviewed);
      markers.push(marker);
    }
    this.clusters.addLayers(markers);
    this.element.dataset.markers = String(this.clusters.getLayers().length);
    if (!this.fitted && markers.length) {
      this.map.fitBounds(this.clusters.getBounds(), { padding: [30, 30], maxZoom: 7 });
      this.fitted = true;
    }
  }

  /** Mark the open event's marker (and say where it is on the map element, for tests and tools). */
  select(eventId) {
    if (this.selected) this.selected.setStyle(this.selected.reviewed ? REVIEWED_STYLE : PLAIN_STYLE);
    this.selected = null;
    const marker = eventId ? this.clusters.getLayers().find((m) => m.eventId === eventId) : null;
    const data = this.element.dataset;
    data.selected = marker ? eventId : "";
    if (!marker) {
      delete data.selectedAt;
      delete data.selectedFatalities;
      delete data.selectedReviewed;
      return;
    }
    marker.setStyle(SELECTED_STYLE);
    this.selected = marker;
    const { lat, lng } = marker.getLatLng();
    data.selectedAt = `${lat.toFixed(4)},${lng.toFixed(4)}`;
    data.selectedFatalities = String(marker.fatalities);
    data.selectedReviewed = String(marker.reviewed);
  }

  /** Bring an event's marker into view (zooming out of its cluster) and return its element. */
  reveal(eventId) {
    const marker = this.clusters.getLayers().find((m) => m.eventId === eventId);
    if (!marker) return null;
    this.clusters.zoomToShowLayer(marker, () => {});
    return marker;
  }
}
