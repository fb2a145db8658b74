// The admin's point picker: a small Leaflet map beside a record's latitude and
// longitude fields. A click (or dragging the marker) writes the two fields;
// typing in them moves the marker. The countries are drawn from the site's own
// boundaries, so the map needs no tile server (a basemap is added when set).
(function () {
  "use strict";

  function number(input) {
    const value = Number.parseFloat(input.value);
    return Number.isFinite(value) ? value : null;
  }

  function setUp(container) {
    const latitude = document.getElementById(container.dataset.latitude);
    const longitude = document.getElementById(container.dataset.longitude);
    if (!latitude || !longitude || !window.L) {
      return;
    }
    const map = L.map(container, { worldCopyJump: true }).setView([30, 10], 1);
    if (container.dataset.basemap) {
      L.tileLayer(container.dataset.basemap, { maxZoom: 12 }).addTo(map);
    }
    if (window.topojson && container.dataset.boundaries) {
      fetch(container.dataset.boundaries)
        .then((response) => (response.ok ? response.json() : null))
        .then((topology) => {
          if (topology) {
            const countries = topojson.feature(topology, topology.objects.countries);
            L.geoJSON(countries, {
              style: { color: "#666", weight: 0.6, fillColor: "#ddd", fillOpacity: 0.6 },
              interactive: false,
            }).addTo(map);
          }
        })
        .catch(() => {}); // the fields still work without the outlines
    }
    let marker = null;

    function place(lat, lng, pan) {
      if (marker === null) {
        marker = L.marker([lat, lng], { draggable: true, keyboard: true }).addTo(map);
        marker.on("dragend", () => {
          const point = marker.getLatLng().wrap();
          write(point.lat, point.lng);
        });
      } else {
        marker.setLatLng([lat, lng]);
      }
      if (pan) {
        // Not animated: a second typed value must not be lost to a running animation.
        map.setView([lat, lng], Math.max(map.getZoom(), 5), { animate: false });
      }
    }

    function write(lat, lng) {
      latitude.value = lat.toFixed(4);
      longitude.value = lng.toFixed(4);
    }

    map.on("click", (event) => {
      const point = event.latlng.wrap();
      write(point.lat, point.lng);
      place(point.lat, point.lng, false);
    });
    for (const input of [latitude, longitude]) {
      input.addEventListener("change", () => {
        const lat = number(latitude);
        const lng = number(longitude);
        if (lat !== null && lng !== null && Math.abs(lat) <= 90 && Math.abs(lng) <= 180) {
          place(lat, lng, true);
        }
      });
    }
    const lat = number(latitude);
    const lng = number(longitude);
    if (lat !== null && lng !== null) {
      place(lat, lng, true);
    }
  }

  function start() {
    for (const container of document.querySelectorAll("[data-point-picker]")) {
      setUp(container);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
